"""PostgreSQL's settings Cabinet's reads are measured with, given to each connection
(settings.py) and to the bench's floors (README «PostgreSQL»).

- `random_page_cost=1.1`: on SSDs a page read at random costs about what it costs in
  sequence; with the default (4) the planner scans whole tables rather than join a few
  thousand rows through their indexes (a group's 2,000 members).
- `jit=off`: queries of a few milliseconds gain nothing from compiling; a large estimate
  (a count over a big table) would otherwise spend tens of milliseconds on it."""

PG_OPTIONS = "-c random_page_cost=1.1 -c jit=off"
