package ui

// importQueue runs a window's imports one after another, never two at
// once: a second import waits until the first has ended and the window has
// taken it in (its reload, which after a boundary import builds a new
// viewer). Boundary imports go before the event imports still waiting,
// since events are placed in the boundaries they find. The queue belongs
// to the window: a viewer built again takes it over.
type importQueue struct {
	v       *Viewer // the viewer the next import runs in
	waiting []queuedImport
	running bool
	trace   func(string) // told "start …" and "end …" of every import (tests)
}

// queuedImport is one import waiting its turn. run starts it in v and
// calls ended on the UI goroutine once it is over: failed, cancelled, or
// done and reloaded.
type queuedImport struct {
	boundaries bool
	name       string
	run        func(v *Viewer, ended func())
}

// add queues an import (UI goroutine) and starts it when nothing runs.
func (q *importQueue) add(job queuedImport) {
	at := len(q.waiting)
	if job.boundaries {
		at = 0
		for at < len(q.waiting) && q.waiting[at].boundaries {
			at++
		}
	}
	q.waiting = append(q.waiting, queuedImport{})
	copy(q.waiting[at+1:], q.waiting[at:])
	q.waiting[at] = job
	q.next()
}

// next starts the first waiting import, unless one runs or the viewer is
// being built again (the new viewer calls next when it is shown).
func (q *importQueue) next() {
	if q.running || len(q.waiting) == 0 || q.v.replaced {
		return
	}
	job := q.waiting[0]
	q.waiting = q.waiting[1:]
	q.running = true
	q.say("start " + job.name)
	job.run(q.v, func() {
		q.say("end " + job.name)
		q.running = false
		q.next()
	})
}

// handOver makes nv the viewer of the queue, after a rebuild, and goes on.
func (q *importQueue) handOver(nv *Viewer) {
	q.v = nv
	nv.imports = q
	q.next()
}

func (q *importQueue) say(s string) {
	if q.trace != nil {
		q.trace(s)
	}
}
