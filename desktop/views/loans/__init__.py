"""The loan screens: simulation and application, approval, disbursement, repayment and early
settlement, one loan's detail, the arrears list; :mod:`.menu` puts them on the main window."""
