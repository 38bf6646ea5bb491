"""Draws every picture, the suite's and the job pages', in a pool of processes.

Matplotlib draws on one core; a default suite has ~90 pictures, so they are
drawn in parallel. Workers are forked after the results are loaded and
matplotlib is imported, so a task names only what to draw.
"""

import multiprocessing
import os

_STATE = {}


def default_workers():
    """Returns the processes to draw with: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _draw(task):
    """Runs one task in a worker: ("suite", i) or ("job", kind, result index)."""
    results, modules, out_dir, jobs_dir = (_STATE[k] for k in ("results", "modules", "out",
                                                                "jobs"))
    if task[0] == "suite":
        return modules[task[1]].make(results, out_dir)
    from .pictures import flame, job_timeline
    _, kind, index = task
    row = results.results[index]
    if kind == "timeline":
        return [job_timeline.make(row, jobs_dir)]
    return [flame.make(row, os.path.join(results.out_dir, row.stacks_path), jobs_dir)]


def tasks(results, modules, job_pages):
    """Returns the drawing tasks, dearest first so the pool ends together."""
    suite = [("suite", i) for i in range(len(modules))]
    jobs = []
    if job_pages:
        for r in results.results:
            if r.stacks_path:
                jobs.append(("job", "flame", r.index))
            if r.timeline is not None:
                jobs.append(("job", "timeline", r.index))
    return suite + jobs


def draw(results, modules, out_dir, jobs_dir, job_pages=True, workers=None):
    """Draws everything; returns (suite pictures in module order, {(index, kind): Picture})."""
    _STATE.update(results=results, modules=modules, out=out_dir, jobs=jobs_dir)
    todo = tasks(results, modules, job_pages)
    workers = workers or default_workers()
    if workers <= 1 or len(todo) <= 1:
        done = [_draw(t) for t in todo]
    else:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(todo))) as pool:
            done = pool.map(_draw, todo, chunksize=1)
    suite, per_job = [], {}
    for task, pictures in zip(todo, done):
        if task[0] == "suite":
            suite.extend(pictures)
        else:
            per_job[(task[2], task[1])] = pictures[0]
    return suite, per_job
