"""gunicorn settings read at start (`gunicorn waypost.wsgi`).

The access log names the path only (%(U)s), never the query string: search forms put the words
typed into it (`/people/?q=...`), and those can be names.
"""

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
