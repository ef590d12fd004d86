package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"consult/consultation"
)

// AuditSource yields the audit log's entries in order; the store's
// EachAudit is one.
type AuditSource func(ctx context.Context, fn func(consultation.AuditEntry) error) error

// AuditCSV writes the whole audit log as CSV, one entry at a time, with
// every free-text cell neutralised against spreadsheet formulas.
func AuditCSV(ctx context.Context, w io.Writer, src AuditSource) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	_ = cw.Write([]string{"id", "at", "user_id", "actor", "action", "target", "detail", "ip"})
	err := src(ctx, func(e consultation.AuditEntry) error {
		return cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), strconv.FormatInt(e.UserID, 10),
			Neutralise(e.Actor), e.Action, Neutralise(e.Target), Neutralise(e.Detail), e.IP})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("audit csv: %w", err)
	}
	return nil
}
