"""The hostile suite (issue 12): generated bombs, traps and leaks, each audited in a subprocess."""
