"""Stand-ins for outside services, served on loopback for the tests."""
