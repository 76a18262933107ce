#!/usr/bin/python3
# Sets the demo DC's Administrator password and creates the demo accounts straight in its database, before the DC
# starts. Passwords come from the environment, never from a command line (where any process listing would show them).
# Usage: demo-accounts.py SAMBA_DIR   (env: SAMBA_ADMIN_PASSWORD, DEMO_USER_PASSWORD)
import os
import sys

from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

# Service accounts a password list would hold: the demo rotates, checks and reports on these.
DEMO_ACCOUNTS = ["demo-svc-web", "demo-svc-backup", "demo-svc-reports", "demo-sql-agent"]

folder = sys.argv[1]
lp = LoadParm()
lp.load(os.path.join(folder, "etc", "smb.conf"))
db = SamDB(url=os.path.join(folder, "private", "sam.ldb"), session_info=system_session(), lp=lp)
db.setpassword("(sAMAccountName=Administrator)", os.environ["SAMBA_ADMIN_PASSWORD"])
for name in DEMO_ACCOUNTS:
    db.newuser(name, os.environ["DEMO_USER_PASSWORD"])
    print(f"samba-demo: account {name} created")
