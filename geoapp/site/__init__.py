"""The whole site built once (and rebuilt on reload), checked, as plain objects. No Flask."""
