/* Unit tests for oatable.c: random adds, finds and deletes against a
 * plain array, with good hashes and with hashes forced to collide (long
 * probe runs, wrap-around at the end of the slots), so backward-shift
 * deletion must keep every entry reachable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/oatable.h"
#include "tap.h"

static uint64_t rs = 42;

static uint64_t
rnd(void)
{
	uint64_t z = (rs += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct key {
	uint32_t a, b, c;
};

struct val {
	uint64_t x;
	uint32_t y;
};

/* hash kinds: 0 good, 1 eight values, 2 all equal, 3 near the top slot */
static uint64_t
khash(const struct key *k, int kind)
{
	uint64_t h = hash_final64(k->a ^ (uint64_t)k->b << 32);

	switch (kind) {
	case 1: return h & 7;
	case 2: return 12345;
	case 3: return 0xfffffffcu + (h & 3);  /* homes at the last slots: wrap */
	}
	return h;
}

/* The reference: present[i] says whether key i is in; id[i] its id. */
static int
run(int kind, int nkeys, int ops)
{
	struct oatable t;
	int *present = calloc((size_t)nkeys, sizeof *present);
	uint32_t *id = calloc((size_t)nkeys, sizeof *id);
	int bad = 0, n = 0, i, op;

	oatable_init(&t, sizeof(struct key), sizeof(struct val));
	for (op = 0; op < ops && !bad; op++) {
		struct key k = { (uint32_t)(rnd() % (uint64_t)nkeys), 7, 9 };
		uint64_t h;
		uint32_t got;

		i = (int)k.a;
		k.b = (uint32_t)i * 3;
		h = khash(&k, kind);
		if (rnd() % 3) {      /* add (or find) */
			int r = oatable_add(&t, &k, h, &got);
			struct val *v = oatable_val(&t, got);

			if (r == (present[i] ? 1 : 0) || r < 0 || (present[i] && got != id[i]))
				bad = 1;
			if (r == 1) {
				if (v->x != 0 || v->y != 0)
					bad = 2;
				v->x = (uint64_t)i * 1000003;
				v->y = (uint32_t)i;
				present[i] = 1;
				id[i] = got;
				n++;
			}
		} else if (present[i]) {
			oatable_del(&t, id[i]);
			present[i] = 0;
			n--;
		}
		if ((size_t)n != t.n)
			bad = 3;
		if (op % 97 == 0 || op == ops - 1)  /* every key findable, values intact */
			for (int j = 0; j < nkeys && !bad; j++) {
				struct key q = { (uint32_t)j, (uint32_t)j * 3, 9 };

				got = oatable_find(&t, &q, khash(&q, kind));
				if (present[j] ? got != id[j] : got != OATABLE_NONE)
					bad = 4;
				else if (present[j] && (((struct val *)oatable_val(&t, got))->x !=
				    (uint64_t)j * 1000003 || memcmp(oatable_key(&t, got), &q, sizeof q)))
					bad = 5;
			}
	}
	oatable_free(&t);
	free(present);
	free(id);
	return bad;
}

int
main(void)
{
	struct oatable t;
	struct key k = { 1, 2, 3 };
	uint32_t id, id2;

	ok(run(0, 5000, 200000) == 0, "good hashes: 200000 random adds, finds, deletes");
	ok(run(1, 300, 30000) == 0, "eight hash values: long runs, deletes shift back");
	ok(run(2, 120, 20000) == 0, "one hash value for all keys");
	ok(run(3, 200, 30000) == 0, "homes at the end of the slots: runs wrap around");

	oatable_init(&t, sizeof k, 0);
	ok(oatable_find(&t, &k, 1) == OATABLE_NONE, "empty table finds nothing");
	ok(oatable_add(&t, &k, 1, &id) == 1 && oatable_add(&t, &k, 1, &id2) == 0 && id == id2,
	    "add then add again: same id");
	oatable_del(&t, id);
	ok(t.n == 0 && oatable_find(&t, &k, 1) == OATABLE_NONE, "deleted");
	ok(oatable_add(&t, &k, 1, &id2) == 1 && id2 == id, "the freed id is reused");
	oatable_free(&t);
	ok(oatable_bytes_per_entry(40, 72) >= 2 * 120, "bytes per entry counts the slack");
	return tap_done();
}
