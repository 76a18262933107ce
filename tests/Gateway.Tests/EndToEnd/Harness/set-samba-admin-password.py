#!/usr/bin/python3
# Sets a freshly provisioned DC's Administrator password straight in its database, before the DC starts. The password
# comes from the environment (ADMIN_PASSWORD), never the command line. Usage: set-samba-admin-password.py SAMBA_DIR
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
