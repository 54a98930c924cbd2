"""Real triple stores started on loopback for the agreement tests and the load benchmark: each in
its own temporary directory, on free ports, never the system's service."""
