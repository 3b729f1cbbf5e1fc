// The ConsignXML module; see docs/ARCHITECTURE.md.
