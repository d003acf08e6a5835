"""The account pages: the person's own (login, password, profile, authenticator) in
`auth`, the district admin's accounts of district staff and school leaders in `staff`."""
