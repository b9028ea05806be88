/* loan_pipe.h: hands accepted loans from the reading thread to one worker
 * thread, in batches, keeping input order.
 *
 * Why: the CSV reader decides each record's fate (accepted, rejected,
 * filtered) before it reads the next one, so everything that decides it
 * (parsing, the duplicate-id check, whether the rate exists) stays on the
 * reading thread. What comes after the decision moves here: solving the
 * rate of offers known to be solvable (schedule.h pt_offer_solvable), EAR
 * and the legal lines (pt_loan_derive), and the consumer (statistics or
 * the per-loan table). The worker runs the same functions on the same
 * values in the same order as the sequential path, so every output is
 * byte-identical to it (tests/test_loan_pipe.c).
 * Balance: when the worker falls behind (the reading thread finds the ring
 * full at a hand-over) the reading thread solves a larger share of the
 * deferred offers itself, up to all of them, and a smaller one whenever
 * the worker is found waiting for work. With a heavy consumer (the
 * per-loan table) the reading thread would otherwise sit idle; a rate is
 * the same bits whichever thread solved it, so only the time changes.
 * Memory: 3 batches of batch_loans loans (about 610 bytes each plus their
 * strings: ~7.5 MB at the default 4,096), whatever the input size. A pushed
 * loan's strings are copied.
 * Not thread-safe for several producers: one reading thread pushes. */
#ifndef PTAUDIT_LOAN_PIPE_H
#define PTAUDIT_LOAN_PIPE_H

#include <stddef.h>

#include "audit/error.h"
#include "audit/legal.h"
#include "audit/loan.h"
#include "audit/schedule.h"

struct pt_loan_pipe;   /* opaque */

/* Starts the worker. sink->use is called on it for every loan pushed with
 * use = 1, in push order; lpr (borrowed, must outlive the pipe) feeds
 * pt_loan_derive. PT_ENOMEM; PT_EIO when the thread cannot start. */
PT_NODISCARD enum pt_code pt_loan_pipe_create(struct pt_loan_pipe **out,
                                              const struct pt_loan_sink *sink,
                                              const struct pt_lpr_table *lpr,
                                              struct pt_error *err);

/* Queues a loan whose ear and legal lines are not derived yet. offer
 * (copied) is the offer still to solve, on the worker or here (see
 * Balance), which fills amount_financed_minor, finance_charge_minor and
 * apr as load_offers.c does; NULL when the loan is complete. use = 0 only
 * solves the offer (a loan filtered out or rejected as a duplicate must
 * still have had a rate, as in the sequential path, which solves before
 * deciding). Returns the worker's first error, if it has stopped, so the
 * reading thread stops too; PT_ENOCONV (as pt_loan_pipe_finish) when the
 * offer was solved here and has no rate; PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_loan_pipe_push(struct pt_loan_pipe *p, const struct pt_loan *loan,
                                            const struct pt_offer *offer, int use,
                                            struct pt_error *err);

/* Hands over the last batch and waits for the worker to finish it.
 * Returns its first error: sink->use's code as is, or PT_ENOCONV when a
 * deferred offer had no rate after all (pt_offer_solvable promised one; a
 * bug, reported rather than guessed around). */
PT_NODISCARD enum pt_code pt_loan_pipe_finish(struct pt_loan_pipe *p, struct pt_error *err);

/* Stops the worker (dropping what is queued) and frees. Accepts NULL. */
void pt_loan_pipe_destroy(struct pt_loan_pipe *p);

#endif
