// The ConsignEngine module; see docs/ARCHITECTURE.md.
