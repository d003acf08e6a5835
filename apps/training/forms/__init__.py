"""Forms of the training pages, one module per sub-domain (shared fields in `common`).
They shape and check input; the services decide, and their field-keyed errors go back on
these forms' fields. Import from the submodule."""
