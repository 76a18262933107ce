#!/usr/bin/python3
# Sets the demo DC's Administrator password and creates the demo accounts straight in its database, before the DC
# starts. The Administrator password comes from the environment, never the command line (where any process listing
# would show it). The demo accounts get random passwords that nobody keeps: run.sh's registration step has
# PasswordSync rotate each one (a real reset in this DC), so from then on the vault holds the only copy.
# Usage: demo-accounts.py SAMBA_DIR USER...   (env: ADMIN_PASSWORD)
import os
import secrets
import sys

from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

folder = sys.argv[1]
lp = LoadParm()
lp.load(os.path.join(folder, "etc", "smb.conf"))
db = SamDB(url=os.path.join(folder, "private", "sam.ldb"), session_info=system_session(), lp=lp)
db.setpassword("(sAMAccountName=Administrator)", os.environ["ADMIN_PASSWORD"])
for user in sys.argv[2:]:
    # The suffix satisfies the domain's complexity rule whatever the random part is.
    db.newuser(user, "Init-" + secrets.token_urlsafe(18) + "-7q!")
