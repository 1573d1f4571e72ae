"""The demo firm loaded by `cabinet demo`."""
