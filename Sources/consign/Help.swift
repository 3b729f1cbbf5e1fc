/// Usage texts, one per command.
enum Help {
    static let general = """
        consign: registers shipments for ERP order exports dropped into a spool folder.

        Usage: consign [--spool DIR] [--config FILE] [--log-level LEVEL] COMMAND [OPTIONS]

        Spool:
          run                     one pass: take ready files, advance carriers, export tracking; then exit
          watch                   keep running: inotify on in/ plus a periodic rescan
          status                  files waiting, files in error, shipments by status
        Shipments (add --json for Shoptet's JSON envelope):
          shipments               list shipments (--status S --order CODE --carrier C --page N --items-per-page N)
          shipment GUID           one shipment with packages, tracking and history
          options ORDER_CODE      every carrier service for an order, eligible or with the reasons why not
          carriers                carriers (--type home_delivery|pickup_point|locker|post_office|express)
          carrier CODE TYPE       one carrier service (--lang cs|sk|hu|pl|en|de)
          cancel GUID             request cancellation (the carrier confirms later)
          close CARRIER           hand over all open shipments of a carrier as one batch (--to ADDRESS...)
        Mail:
          mailq                   queued, sent and failed close-batch reports; --retry ID sends one again

        Global options:
          --spool DIR             spool root (default: spool.root from the config, else ./spool)
          --config FILE           JSON config (default: ./consign.json when present, else embedded demo defaults)
          --log-level LEVEL       debug, info, notice, warning (default), error; logs go to stderr

        Exit status: 0 all went through, 65 some input rejected, 69 a close-batch report not delivered (refused
        or cut off; see mailq), 75 temporary failure (work left for later), 64 bad usage, 78 bad config,
        74 a permanent spool problem, 1 a query refused (not found, cannot cancel).
        Run `consign help COMMAND` for a command's options.
        """

    static func usage(for command: String) -> String {
        switch command {
        case "run": "Usage: consign [GLOBAL OPTIONS] run"
        case "watch": "Usage: consign [GLOBAL OPTIONS] watch"
        case "status": "Usage: consign [GLOBAL OPTIONS] status [--json]"
        case "shipments":
            "Usage: consign shipments [--status S] [--order CODE] [--carrier C] [--page N] "
                + "[--items-per-page N] [--json]"
        case "shipment": "Usage: consign shipment GUID [--json]"
        case "options": "Usage: consign options ORDER_CODE [--json]"
        case "carriers": "Usage: consign carriers [--type TYPE] [--lang L] [--json]"
        case "carrier": "Usage: consign carrier CODE TYPE [--lang L] [--json]"
        case "cancel": "Usage: consign cancel GUID [--json]"
        case "close": "Usage: consign close CARRIER [--to ADDRESS]... [--json]"
        case "mailq": "Usage: consign mailq [--retry ID [--to ADDRESS]...] [--json]"
        default: "Usage: consign [--spool DIR] [--config FILE] [--log-level LEVEL] COMMAND (see consign --help)"
        }
    }

    static func text(for command: String) -> String {
        let details: String
        switch command {
        case "run":
            details = """
                Takes every complete file from in/ (done-marker or quiet period), registers its orders,
                writes out/results/, archives the input to done/ (or error/), applies carrier news
                (cancellations, close acknowledgements, tracking) and writes out/events/ and out/tracking/.
                Quiet on success unless --log-level info.
                Exit 0, 65 (some input rejected), 69 (a report not delivered) or 75 (retry later).
                """
        case "watch":
            details = """
                Like run, but keeps running. SIGINT/SIGTERM finish the current file (or batch of small
                files) and exit 0; files not started are taken first at the next start.
                Only one run or watch works on a spool at a time; a second one exits 75.
                """
        case "status": details = "Counts files waiting in in/ and work/, files in error/, shipments by status."
        case "shipments": details = "Lists shipments, oldest first, 20 per page by default (at most 1000)."
        case "shipment": details = "Shows one shipment by its GUID, with history."
        case "options": details = "Shows every carrier service for the order's data, with every reason it does not fit."
        case "carriers": details = "Lists carriers, optionally only those offering a service type."
        case "carrier": details = "Shows one carrier service type, localized (fallback en)."
        case "cancel": details = "Requests cancellation; `run` later shows canceled (or the refusal)."
        case "close":
            details = """
                Closes a carrier: its open shipments become one batch, acknowledged by the carrier on a later run.
                Then the handover protocol is written to out/handover/ and e-mailed (mail.to, or --to ADDRESS...).
                """
        case "mailq":
            details = """
                Lists close-batch reports with their recipients. A report that could not be sent stays queued and
                is retried by run/watch; --retry ID sends a failed or unknown one again (never to recipients that
                already accepted it). A report refused for any recipient is failed until sent again.
                --retry exits 0 when sent, 75 when queued again (temporary), 69 when refused or cut off again.
                --retry ID --to ADDRESS... sends it to these instead of every recipient that has not accepted it
                (a mistyped address given to close --to).
                """
        default: return general
        }
        return usage(for: command) + "\n\n" + details
    }
}
