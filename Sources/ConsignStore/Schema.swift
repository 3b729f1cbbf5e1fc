/// The schema, as an ordered list of migrations. `PRAGMA user_version` holds how many ran.
enum Schema {
    /// Migration n (1-based) is `migrations[n - 1]`. Never edit a released one; append.
    static let migrations: [String] = [
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE shipments(
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            order_code TEXT NOT NULL,
            status TEXT NOT NULL,
            shipment_type TEXT NOT NULL,
            carrier_code TEXT NOT NULL,
            service_code TEXT NOT NULL,
            service_type TEXT NOT NULL,
            pickup_point_id TEXT,
            cod_value TEXT, cod_currency TEXT,
            value_amount TEXT, value_currency TEXT,
            variable_symbol TEXT,
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            packages TEXT NOT NULL,
            note TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            event_sequence INTEGER NOT NULL DEFAULT 0,
            cancel_requested_at REAL,
            status_before_cancel TEXT,
            close_batch_id INTEGER,
            handed_over_at REAL,
            tracked_until REAL,
            source_file TEXT
        );
        CREATE INDEX shipments_order ON shipments(order_code, status);
        CREATE INDEX shipments_status ON shipments(status, id);
        CREATE INDEX shipments_carrier ON shipments(carrier_code, status, id);
        CREATE INDEX shipments_batch ON shipments(close_batch_id);
        CREATE TABLE history(
            shipment_id INTEGER NOT NULL REFERENCES shipments(id),
            from_status TEXT,
            to_status TEXT NOT NULL,
            real_at REAL NOT NULL,
            provider_at REAL,
            note TEXT
        );
        CREATE INDEX history_shipment ON history(shipment_id);
        CREATE TABLE events(
            id INTEGER PRIMARY KEY,
            shipment_guid TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            type TEXT NOT NULL,
            created_at REAL NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE TABLE processed_files(
            content_hash TEXT PRIMARY KEY,
            file_name TEXT NOT NULL,
            processed_at REAL NOT NULL,
            outcome TEXT NOT NULL,
            result_file TEXT,
            orders INTEGER NOT NULL,
            rejected INTEGER NOT NULL
        );
        CREATE TABLE close_batches(
            id INTEGER PRIMARY KEY,
            carrier_code TEXT NOT NULL,
            requested_at REAL NOT NULL,
            acknowledged_at REAL,
            state TEXT NOT NULL,
            protocol_number TEXT,
            failure TEXT
        );
        CREATE INDEX close_batches_state ON close_batches(state);
        """,
        """
        ALTER TABLE close_batches ADD COLUMN files_written_at REAL;
        ALTER TABLE close_batches ADD COLUMN protocol_files TEXT;
        ALTER TABLE close_batches ADD COLUMN mail_to TEXT;
        CREATE TABLE mail_queue(
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES close_batches(id),
            message_id TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            created_at REAL NOT NULL,
            finished_at REAL
        );
        CREATE INDEX mail_queue_state ON mail_queue(state, next_attempt_at);
        CREATE TABLE mail_recipients(
            mail_id INTEGER NOT NULL REFERENCES mail_queue(id),
            address TEXT NOT NULL,
            state TEXT NOT NULL,
            reply TEXT,
            PRIMARY KEY(mail_id, address)
        );
        """,
        // 3: only shipments in a close batch need an entry in the batch index; every new
        // registration (batch still NULL) no longer pays for one. `close_batch_id = ?` implies
        // NOT NULL, so SQLite still uses it for a batch's shipments.
        """
        DROP INDEX shipments_batch;
        CREATE INDEX shipments_batch ON shipments(close_batch_id) WHERE close_batch_id IS NOT NULL;
        """,
        // 4: shipment counts per status, carrier and block of 4096 row ids, so that a page query
        // adds up a few thousand rows instead of counting and skipping up to a million index
        // entries (see Store+Query.swift). Store.insert and Store.save keep them in the same
        // transaction; plain triggers would, too, but they give every insert and status change
        // its own statement journal (a tenth of a run's time). Backfilled from existing shipments.
        """
        CREATE TABLE shipment_blocks(
            status TEXT NOT NULL,
            carrier_code TEXT NOT NULL,
            block INTEGER NOT NULL,
            shipments INTEGER NOT NULL,
            PRIMARY KEY(status, carrier_code, block)
        ) WITHOUT ROWID;
        INSERT INTO shipment_blocks(status, carrier_code, block, shipments)
            SELECT status, carrier_code, id >> 12, count(*) FROM shipments GROUP BY 1, 2, 3;
        """,
        // 5: each package's tracking number and weight as plain text (`number RS weight`, packages
        // joined by US; see `Store.parcelsText`), written with the packages. The hand-over, the
        // protocol and the tracking export read it instead of running SQLite's json_each over
        // every row's packages (about 9 µs a row). Backfilled from the packages JSON.
        """
        ALTER TABLE shipments ADD COLUMN parcels TEXT;
        UPDATE shipments SET parcels = ifnull((
            SELECT group_concat(ifnull(json_extract(p.value, '$.trackingNumber'), '') || char(30)
                || ifnull(CAST(json_extract(p.value, '$.weight') AS TEXT), ''), char(31))
            FROM json_each(packages) p), '');
        """,
        // 6: a registration the carrier accepts at once keeps its first two history entries
        // (`requested`, then `created` with the carrier's note, both at `created_at`) implied by
        // `creation_note` instead of two `history` rows and their index entries (a sixth of the
        // store thread's work per order). NULL: the whole history is in `history`, as before.
        """
        ALTER TABLE shipments ADD COLUMN creation_note TEXT;
        """,
        // 7: each event names its shipment's row id, so that the tracking export reads the
        // shipments that changed by row id, in order, instead of joining every event to its
        // shipment through the GUID index and sorting the joined rows. Backfilled by GUID.
        """
        ALTER TABLE events ADD COLUMN shipment_id INTEGER;
        UPDATE events SET shipment_id = (SELECT id FROM shipments WHERE guid = events.shipment_guid);
        """,
        // 8: the sender's address, the same for nearly every shipment, stored once in `senders`
        // and named by `sender_id` (`sender` is then empty): 184 of a new row's 780 bytes, a sixth
        // of what a registration writes and the checkpoint copies. Rows before keep `sender`.
        """
        CREATE TABLE senders(id INTEGER PRIMARY KEY, address TEXT NOT NULL UNIQUE);
        ALTER TABLE shipments ADD COLUMN sender_id INTEGER;
        """,
        // 9: the creation event of a registration accepted at once (the row has a creation note)
        // and the event of a hand-over keep an empty payload and GUID: the outbox rebuilds them
        // from the event's time, type and sequence, the shipment's GUID, order code, creation
        // note and parcels (whose tracking numbers never change after registration), and for a
        // hand-over the status and note of its history entry (`Store.implied`). A third of the
        // bytes a registration wrote; older versions, which would export the empty payload,
        // refuse the database.
        """
        -- nothing to change in the tables: the empty payload is the mark
        """,
    ]
}
