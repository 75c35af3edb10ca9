"""Gold answers for the real issued documents in ../shared/real/ (see tests/real/README.md)."""
