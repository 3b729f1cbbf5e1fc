// The ConsignCarriers module; see docs/ARCHITECTURE.md.
