// The ConsignMail module; see docs/ARCHITECTURE.md.
