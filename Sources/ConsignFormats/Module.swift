// The ConsignFormats module; see docs/ARCHITECTURE.md.
