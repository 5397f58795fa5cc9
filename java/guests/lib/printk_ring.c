/* See printk_ring.h: a writer for the kernel's printk ring buffer layout. */
#include "printk_ring.h"
#include "util.h"

#define COUNT		(1UL << PRB_COUNT_BITS)
#define SIZE		(1UL << PRB_SIZE_BITS)
#define FLAGS_SHIFT	62
#define ID_MASK		(~(3UL << FLAGS_SHIFT))
#define STATE_FINALIZED	2UL
#define STATE_REUSABLE	3UL
#define FAILED_LPOS	1UL

struct prb_desc {			/* 24 bytes */
	uint64_t state_var;
	uint64_t begin;
	uint64_t next;
};

struct printk_info {			/* 88 bytes */
	uint64_t seq;
	uint64_t ts_nsec;
	uint16_t text_len;
	uint8_t facility;
	uint8_t flags_level;		/* flags:5, level:3 */
	uint32_t caller_id;
	char subsystem[16];
	char device[48];
};

_Static_assert(sizeof(struct prb_desc) == 24, "struct prb_desc is 24 bytes");
_Static_assert(sizeof(struct printk_info) == 88, "struct printk_info is 88 bytes");

static struct prb_desc descs[COUNT] __attribute__((aligned(64)));
static struct printk_info infos[COUNT] __attribute__((aligned(64)));
static char data[SIZE] __attribute__((aligned(64)));

static uint64_t next_id, head_lpos, next_seq;
static int started;

static uint64_t sv(uint64_t id, uint64_t state) { return (state << FLAGS_SHIFT) | id; }

static void start(void)
{
	uint64_t desc0_id = (0 - (COUNT + 1)) & ID_MASK;

	descs[COUNT - 1].state_var = sv(desc0_id, STATE_REUSABLE);
	descs[COUNT - 1].begin = FAILED_LPOS;
	descs[COUNT - 1].next = FAILED_LPOS;
	next_id = (desc0_id + 1) & ID_MASK;
	head_lpos = 0 - SIZE;
	started = 1;
}

uint64_t prb_descs_address(void) { return (uint64_t)(uintptr_t)descs; }

void prb_append(const char *text, int level, uint64_t ts_nsec)
{
	uint64_t len = strlen(text), id, index, block, begin, next;

	if (!started)
		start();
	id = next_id;
	next_id = (next_id + 1) & ID_MASK;
	index = id & (COUNT - 1);
	block = (8 + len + 7) & ~7UL;
	begin = head_lpos;
	next = begin + block;
	if ((begin >> PRB_SIZE_BITS) != (next >> PRB_SIZE_BITS))
		next = ((next >> PRB_SIZE_BITS) << PRB_SIZE_BITS) + block;
	/*
	 * Make records reusable, oldest first, until the new block no longer
	 * overlaps a live one and its descriptor slot is free.
	 */
	for (;;) {
		uint64_t tail_id = (id - COUNT) & ID_MASK;
		struct prb_desc *old = NULL;
		for (uint64_t k = 0; k < COUNT; k++) {
			uint64_t cand = (id - COUNT + k) & ID_MASK;
			struct prb_desc *d = &descs[cand & (COUNT - 1)];
			if (d->state_var == sv(cand, STATE_FINALIZED)) {
				old = d;
				tail_id = cand;
				break;
			}
		}
		if (old == NULL || (next - old->begin <= SIZE && (tail_id & (COUNT - 1)) != index))
			break;
		old->state_var = sv(tail_id, STATE_REUSABLE);
	}
	head_lpos = next;
	*(uint64_t *)&data[begin & (SIZE - 1)] = id;
	char *dst = &data[(begin & (SIZE - 1)) + 8];
	if ((begin >> PRB_SIZE_BITS) != (next >> PRB_SIZE_BITS)) {
		*(uint64_t *)&data[0] = id;
		dst = &data[8];
	}
	memcpy(dst, text, len);
	memset(&infos[index], 0, sizeof(infos[index]));
	infos[index].seq = next_seq++;
	infos[index].ts_nsec = ts_nsec;
	infos[index].text_len = (uint16_t)len;
	infos[index].flags_level = (uint8_t)((level << 5) | 2);
	descs[index].begin = begin;
	descs[index].next = next;
	descs[index].state_var = sv(id, STATE_FINALIZED);
}
