// Tabular: the row model shared by stages and renderers (Value, Column,
// Schema, RowSet). Its values are made of Basics' types (`.day(Day)`,
// `.time(Date)` shown in `TimeZone.copenhagen`). It does not re-export
// Basics: a module that names `Day` imports Basics and declares it in
// Package.swift, so scripts/check-imports sees every use.
