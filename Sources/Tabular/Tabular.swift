// Tabular: the row model shared by stages and renderers (Value, Column,
// Schema, RowSet). Its values are made of Basics' types (`.day(Day)`,
// `.time(Date)` shown in `TimeZone.copenhagen`), so it re-exports Basics:
// code that reads rows can name `Day` with `import Tabular` alone.
@_exported import Basics
