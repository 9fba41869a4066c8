// Basics: the concepts every layer of EnergiFlow needs, written once, with
// no C and no dependencies, so that the wrappers (Postgres), the domain
// (Tabular, EnergiData) and the features (Query, Render, Plugins, Stages,
// Ingest) all use the same copy.
//
//   Time/   The market's time zone (MarketTimeZone: one constant, and one
//           behaviour without tz data, TimeZoneDataError at start).
//           CivilDate: proleptic Gregorian day counts, as PostgreSQL counts.
//           Day: a calendar day. Timestamp: a date and time as ISO 8601
//           writes it. ISO8601Scanner reads the pieces (the fast path of
//           ingest), ISO8601Format writes every form in use, ISO8601 wraps
//           the common cases.
//   JSON/   JSONScanner (strict RFC 8259, validates and skips without
//           building), JSONParser and JSONValue (members in order, numbers
//           as written: records round-trip byte for byte), JSONWriter (the
//           one escape rule), JSONSyntaxError (what and where).
//   Text/   DecimalDigits (numbers into byte buffers), UTF8Validation.
