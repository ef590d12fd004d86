package consultation

import (
	"errors"
	"fmt"
)

// Application error codes. The web layer maps each to an HTTP status and
// shows only the messages of codes other than EINTERNAL.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	ECLOSED    = "closed"
	// EUNAVAILABLE: the store could not write (storage full, read-only or
	// failing); trying again later may work.
	EUNAVAILABLE = "unavailable"
	EINTERNAL    = "internal"
)

// Error is an application error: a code, and a message key that the web
// layer translates for the user.
type Error struct {
	Code    string
	Message string // a message catalogue key, or plain text for operators
}

func (e *Error) Error() string { return fmt.Sprintf("consult: %s: %s", e.Code, e.Message) }

// Errorf returns an application error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the application error in err's chain,
// or EINTERNAL when there is none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the application error in err's chain,
// or "" when there is none.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

// fieldError is an error about one field of a form.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// OnField returns err as an error about the form field named field (such
// as "label_fr" or "note"), so that a form shown again says why next to
// that field; its code and message stay err's. OnField of nil is nil.
func OnField(field string, err error) error {
	if err == nil {
		return nil
	}
	return &fieldError{field: field, err: err}
}

// ErrorField returns the form field an error is about (see OnField), or
// "" when it is about the whole form.
func ErrorField(err error) string {
	var e *fieldError
	if errors.As(err, &e) {
		return e.field
	}
	return ""
}
