// The ConsignHandover module; see docs/ARCHITECTURE.md.
