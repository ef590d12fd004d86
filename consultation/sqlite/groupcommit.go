package sqlite

import (
	"context"
	"errors"
	"fmt"

	"consult/consultation"
)

// maxBatch is the most submissions committed together.
const maxBatch = 64

// errClosed answers the submissions that come after the store closed.
var errClosed = errors.New("store closed")

// submitReq is one submission waiting for the committer.
type submitReq struct {
	ctx  context.Context // the caller's: a submission whose caller left before its turn is skipped
	s    consultation.Submission
	done chan submitResult // buffered: the committer never waits on it
}

type submitResult struct {
	r        consultation.Receipt
	replayed bool
	err      error
}

// committer stores submissions in groups: it takes every submission
// waiting when it is free, up to maxBatch, records each in its own
// savepoint of one transaction, and commits them together, so that a burst
// costs one fsync per group instead of one per submission. Nobody is
// answered before the commit. A submission that fails rolls back to its
// savepoint and leaves the others untouched.
func (db *DB) committer() {
	defer close(db.committed)
	for {
		var batch []*submitReq
		select {
		case req := <-db.submits:
			batch = append(batch, req)
		case <-db.closing:
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case req := <-db.submits:
				batch = append(batch, req)
			default:
				break more
			}
		}
		db.commitBatch(batch)
	}
}

// commitBatch records a group of submissions in one transaction and
// answers each once it has committed, or failed. Its statements ignore the
// callers' contexts: an interrupt must not reach the group's commit.
func (db *DB) commitBatch(batch []*submitReq) {
	ctx := context.Background()
	results := make([]submitResult, len(batch))
	err := db.inTx(ctx, func(tx *cachedTx) error {
		for i, req := range batch {
			if err := req.ctx.Err(); err != nil {
				results[i].err = fmt.Errorf("submit: %w", err)
				continue
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT submission`); err != nil {
				return fmt.Errorf("savepoint: %w", err)
			}
			r, replayed, err := db.submitInTx(ctx, tx, req.s)
			results[i] = submitResult{r: r, replayed: replayed, err: err}
			if err != nil {
				// SQLite may have rolled the whole transaction back itself
				// (a full disk, an I/O error): then the group fails with
				// the submission's error.
				if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO submission`); rerr != nil {
					return fmt.Errorf("%w (rollback to savepoint: %w)", err, rerr)
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE submission`); err != nil {
				return fmt.Errorf("release savepoint: %w", err)
			}
		}
		return nil
	})
	for i, req := range batch {
		if err != nil { // nothing of the group is stored
			results[i] = submitResult{err: err}
		}
		req.done <- results[i]
	}
}

// Submit records a new submitted version of an entry and returns its
// receipt once committed. It stores s as given: consultation.Intake, which
// builds every Submission, has normalized and validated its form. A submit whose idempotency key was seen before
// returns the earlier receipt and replayed = true, and changes nothing.
// Submitting from an outdated revision returns an ECONFLICT error.
// Submissions arriving together are committed together.
func (db *DB) Submit(ctx context.Context, s consultation.Submission) (consultation.Receipt, bool, error) {
	req := &submitReq{ctx: ctx, s: s, done: make(chan submitResult, 1)}
	select {
	case db.submits <- req:
	case <-db.closing:
		return consultation.Receipt{}, false, fmt.Errorf("submit: %w", errClosed)
	case <-ctx.Done():
		return consultation.Receipt{}, false, fmt.Errorf("submit: %w", ctx.Err())
	}
	// Once taken, wait for the answer even if ctx ends: the caller must
	// know whether it committed.
	res := <-req.done
	return res.r, res.replayed, storageError(res.err)
}
