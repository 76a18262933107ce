#!/usr/bin/python3
# Sets the test DC's Administrator password and creates the delegated account (no reset right) straight in its
# database, before the DC starts. Passwords come from the environment, never from the command line (where any
# process listing would show them). Usage: samba-accounts.py SAMBA_DIR  (env: ADMIN_PASSWORD, DELEGATE_PASSWORD)
import os
import sys

from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

folder = sys.argv[1]
lp = LoadParm()
lp.load(os.path.join(folder, "etc", "smb.conf"))
db = SamDB(url=os.path.join(folder, "private", "sam.ldb"), session_info=system_session(), lp=lp)
db.setpassword("(sAMAccountName=Administrator)", os.environ["ADMIN_PASSWORD"])
db.newuser("pwsync-delegate", os.environ["DELEGATE_PASSWORD"])
