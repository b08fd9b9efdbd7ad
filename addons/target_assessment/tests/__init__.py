from . import test_security_groups
