/// What the demo runs when it is not on a terminal (a script, a test), after
/// the teaching script (`queries/teach.efq`, run as the saved query `teach`):
/// the live side, reading Kafka itself — a tail, then windows that join
/// the two streams after aggregation and are decided as they close.
enum DemoScript {
    static let live = """
        note "
        Step 8. The live side. Everything above read PostgreSQL. tail reads the
        Kafka topics themselves, as the records arrive, with a consumer of its
        own that commits nothing (the store's consumer never notices). Here from
        the beginning of the topics; in the REPL, tail prices shows new records.
        " | print
        tail prices from=beginning limit=6

        note "
        Step 9. Live windows. window 1d aggregates each stream per day and area
        as the records pass: the price time-weighted, the production summed.
        Only then do the two meet, in one row per day. A day is emitted when the
        stream has moved past it (complete = true) and, while it fills, each time
        the stream pauses. decide works on the windows as they come. The last
        days of the replay, in DK2 (the area with both streams):
        " | print
        tail prices,production from=beginning to=end area=DK2 | window 1d | decide | where complete = true | sort day desc | limit 5 | select day area price production decision complete

        note "
        In the REPL (energiflow demo on a terminal) the data keeps arriving:
        tail prices | table, or tail prices,production | window 1d | chart.
        " | print
        """
}
