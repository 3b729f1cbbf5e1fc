// The ConsignStore module; see docs/ARCHITECTURE.md.
