from django.contrib.auth.models import AnonymousUser

from sporskifte.accounts.models import User

# Who is acting: a signed-in staff member, or nobody (a public form, a command).
Actor = User | AnonymousUser
