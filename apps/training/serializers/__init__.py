"""API input and output shapes of training, one module per sub-domain. Inputs never carry
a school or a district: they come from the URL, vetted; teachers are named by id and
resolved inside that scope. Import from the submodule."""
