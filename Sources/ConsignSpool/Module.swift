// The ConsignSpool module; see docs/ARCHITECTURE.md.
