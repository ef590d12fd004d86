package consultation

// Actor is who does a staff action, as the audit log records it: the
// account (UserID 0 and an empty Email when nobody is signed in) and the
// address the request came from.
type Actor struct {
	UserID int64
	Email  string
	IP     string
}
