/// The store's schema as numbered migrations. Each runs once, in order, in its
/// own transaction; `energi_schema_versions` records which have run. Never edit
/// a migration that has shipped: add a new one.
enum Schema {
    struct Migration {
        var version: Int
        var description: String
        var sql: String
    }

    static let migrations: [Migration] = [
        Migration(version: 1, description: "records, daily rollup, rejects, consumer offsets", sql: """
        -- One row per stored observation: a price interval or the production of
        -- one type in one hour. The original design's columns come first.
        CREATE TABLE energi_records (
            "timestamp"       timestamptz      NOT NULL,  -- the event's UTC time, never the insertion time
            price_area        text             NOT NULL,
            production_mwh    double precision,
            spot_price_eur    double precision,
            production_type   text,
            source            text             NOT NULL,  -- the Kafka topic it came from
            payload           json             NOT NULL,  -- the API record as received
            natural_key       text             NOT NULL,
            dataset           text             NOT NULL,
            interval_seconds  integer          NOT NULL,  -- 3600 hourly, 900 for 15-minute prices
            counts_in_totals  boolean          NOT NULL DEFAULT true,  -- false for the 125%/200% fuel allocation repeats
            kafka_partition   integer,
            kafka_offset      bigint,
            stored_at         timestamptz      NOT NULL DEFAULT now(),
            CHECK ((spot_price_eur IS NULL) <> (production_mwh IS NULL))
        );
        CREATE UNIQUE INDEX energi_records_natural_key ON energi_records (natural_key);
        CREATE INDEX energi_records_area_time ON energi_records (price_area, "timestamp");

        -- Per Danish calendar day (Europe/Copenhagen) and area, recomputed for the
        -- days a batch touched in the transaction that stored the batch.
        CREATE TABLE energi_daily (
            day                   date             NOT NULL,
            price_area            text             NOT NULL,
            total_production_mwh  double precision,
            production_by_type    jsonb,            -- {"WindOnshore": 1234.5, ...}
            production_dataset    text,             -- which dataset the production figures come from
            production_hours      integer          NOT NULL DEFAULT 0,
            avg_price_eur         double precision, -- time-weighted over the intervals seen
            min_price_eur         double precision,
            max_price_eur         double precision,
            price_intervals       integer          NOT NULL DEFAULT 0,
            updated_at            timestamptz      NOT NULL DEFAULT now(),
            PRIMARY KEY (day, price_area)
        );

        -- Messages that failed validation, kept byte for byte with the reason.
        CREATE TABLE energi_rejects (
            id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source           text        NOT NULL,  -- topic
            kafka_partition  integer,
            kafka_offset     bigint,
            message_key      bytea,
            raw              bytea       NOT NULL,
            reason           text        NOT NULL,
            rejected_at      timestamptz NOT NULL DEFAULT now()
        );
        CREATE UNIQUE INDEX energi_rejects_position ON energi_rejects (source, kafka_partition, kafka_offset);

        -- The next offset to read per consumer group and partition, written in the
        -- same transaction as the rows it covers: a crash replays, nothing doubles.
        CREATE TABLE energi_consumer_offsets (
            group_id     text    NOT NULL,
            topic        text    NOT NULL,
            "partition"  integer NOT NULL,
            next_offset  bigint  NOT NULL,
            updated_at   timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (group_id, topic, "partition")
        );
        """),
        Migration(version: 2, description: "one key index serving uniqueness and area-time reads, byte-order collation", sql: """
        -- The natural key already holds the area and the time, so a key unique
        -- on (price_area, "timestamp", natural_key) is unique on the natural key
        -- alone; with the area and time first, the same index serves the reads by
        -- area and time range (daily rollup, queries). One index to maintain per
        -- row instead of two. Byte-order ("C") collation on the key's text
        -- columns: comparing them is a memcmp, not a locale's strcoll, and
        -- their order is the same on every server.
        DROP INDEX energi_records_natural_key;
        DROP INDEX energi_records_area_time;
        ALTER TABLE energi_records
            ALTER COLUMN price_area  TYPE text COLLATE "C",
            ALTER COLUMN natural_key TYPE text COLLATE "C";
        CREATE UNIQUE INDEX energi_records_key ON energi_records (price_area, "timestamp", natural_key);
        """),
        Migration(version: 3, description: "scale-out: rollup revisions, gaps, group members, last event time per partition", sql: """
        -- Bumped by every write of a day's rollup (under the day's lock, see
        -- DayLocks): a writer that sees it move since it looked knows another
        -- transaction wrote the day in between.
        ALTER TABLE energi_daily ADD COLUMN revision bigint NOT NULL DEFAULT 0;

        -- The event time of the newest message stored per partition: where a
        -- gap found later starts, in event time.
        ALTER TABLE energi_consumer_offsets ADD COLUMN last_event_time timestamptz;

        -- Messages the broker deleted before this group stored them (retention,
        -- the embedded broker's small memory), found by the consumer: the
        -- offsets [first_offset, end_offset) of a partition were never read.
        CREATE TABLE energi_gaps (
            id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            group_id           text        NOT NULL,
            topic              text        NOT NULL,
            "partition"        integer     NOT NULL,
            first_offset       bigint      NOT NULL,
            end_offset         bigint      NOT NULL,
            dataset            text,
            -- The event times around the gap, when known: the newest stored
            -- before it, and the first read after it.
            event_time_before  timestamptz,
            event_time_after   timestamptz,
            refill             text,        -- the command that fetches the missing range again
            detected_at        timestamptz NOT NULL DEFAULT now(),
            CHECK (end_offset > first_offset),
            UNIQUE (group_id, topic, "partition", first_offset)
        );

        -- Which consumer holds which partition, written by the consumers on
        -- every assignment (brokers do not all answer DescribeGroups; the
        -- embedded one does not): what `energiflow status` shows.
        CREATE TABLE energi_consumer_members (
            group_id     text        NOT NULL,
            topic        text        NOT NULL,
            "partition"  integer     NOT NULL,
            member       text        NOT NULL,  -- host, pid and Kafka member id
            assigned_at  timestamptz NOT NULL DEFAULT now(),
            seen_at      timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (group_id, topic, "partition")
        );
        """),
    ]
}
