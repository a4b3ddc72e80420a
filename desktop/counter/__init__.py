"""What happens at the counter, one module per area (staff, members, savings, drawer,
receipts). :class:`desktop.services.BranchService` is the single entry point that calls them;
the modules share a :class:`desktop.counter.context.Context` of store, clocks and checks."""
