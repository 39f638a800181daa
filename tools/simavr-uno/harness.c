/*
 * simavr-uno: a simulated Arduino Uno (ATmega328P at 16 MHz, Optiboot) whose
 * UART0 is a pseudo-terminal, so the real `avrdude -c arduino` can flash it and
 * a test can read what the flashed sketch prints.
 *
 *   simavr-uno --pty <link path> [--bootloader <hex>]
 *
 * Prints exactly one line on stdout, `READY <link path>`, once the pty exists
 * and the link points at it; everything else (libsimavr's chatter included)
 * goes to stderr. SIGUSR1 is the RESET line. SIGTERM/SIGINT stop it and remove
 * the link; after SIGKILL the caller removes the link.
 *
 * Why a harness and not the `simavr` binary: plain `simavr` loads a firmware
 * and runs it as fast as it can, it has no notion of a reset pin, and a
 * power-on reset makes Optiboot jump straight to the (empty) application. So
 * the bootloader never waits for avrdude. The tricks below fix that; each is
 * marked TRICK.
 *
 * Built by build.sh (next to this file) against Debian's libsimavr 1.6
 * (packages simavr, libsimavr-dev, libelf-dev). build.sh also compiles the
 * Optiboot it boots by default (build/optiboot_atmega328.hex), because
 * Debian's prebuilt one is broken; see TRICK (1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "avr_uart.h"
#include "sim_avr.h"
#include "sim_hex.h"
#include "uart_pty.h"

#define MCU_NAME "atmega328p"
#define F_CPU 16000000UL /* an Uno's crystal; Optiboot's baud divisor assumes it */
/* build.sh rebuilds Optiboot into the directory of this binary (see load_bootloader) */
#define DEFAULT_BOOTLOADER_NAME "optiboot_atmega328.hex"

/* Instructions between two looks at the wall clock (~0.3 ms of AVR time). */
#define PACE_EVERY 4096
/* Sleep only when the AVR is at least this far ahead of the wall clock. */
#define PACE_MIN_SLEEP_NS 1000000LL
/* If the host stalled us for longer than this, forget the debt instead of
 * running flat out to catch up (that would squeeze bytes and timeouts). */
#define PACE_MAX_LAG_NS 100000000LL

static volatile sig_atomic_t reset_requested;
static volatile sig_atomic_t stop_requested;

static void on_reset_signal(int sig) { (void)sig; reset_requested = 1; }
static void on_stop_signal(int sig) { (void)sig; stop_requested = 1; }

/* ------------------------------------------------------------------------ */
/* TRICK (3): pace simulated time to real time.                              */
/*                                                                           */
/* libsimavr executes instructions as fast as the host allows (only sleeping */
/* when the AVR itself sleeps), i.e. many times faster than 16 MHz. Then      */
/* Optiboot's ~1 s watchdog timeout would last a few ms of real time, far    */
/* shorter than avrdude needs to open the port, and the sketch would print   */
/* far faster than 115200 baud. So we keep AVR time == wall time: every      */
/* PACE_EVERY instructions compare the two and sleep off any lead.           */
/* ------------------------------------------------------------------------ */
static uint64_t pace_base_cycle;
static int64_t pace_base_ns;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t cycles_to_ns(uint64_t cycles, uint32_t hz)
{
	/* split so cycles * 1e9 cannot overflow in a long run */
	return (int64_t)((cycles / hz) * 1000000000ULL + (cycles % hz) * 1000000000ULL / hz);
}

static void pace_rebase(avr_t *avr)
{
	pace_base_cycle = avr->cycle;
	pace_base_ns = now_ns();
}

/* Block until the wall clock has caught up with AVR cycle `target`. */
static void pace_to(avr_t *avr, uint64_t target)
{
	int64_t avr_ns = cycles_to_ns(target - pace_base_cycle, avr->frequency);
	int64_t wall_ns = now_ns() - pace_base_ns;
	int64_t ahead = avr_ns - wall_ns;
	if (ahead >= PACE_MIN_SLEEP_NS) {
		struct timespec ts = { ahead / 1000000000LL, ahead % 1000000000LL };
		nanosleep(&ts, NULL); /* EINTR (a signal) just ends it early */
	} else if (ahead < -PACE_MAX_LAG_NS) {
		pace_rebase(avr);
	}
}

/* Replaces avr_callback_sleep_raw, which paces against its own clock base;
 * one clock for both the running and the sleeping AVR. */
static void paced_sleep(avr_t *avr, avr_cycle_count_t how_long)
{
	pace_to(avr, avr->cycle + how_long);
}

/* ------------------------------------------------------------------------ */
/* TRICK (2): an external reset that leaves EXTRF set in MCUSR.              */
/*                                                                           */
/* Debian's Optiboot (4.4, "Adaboot no-wait mod") starts with                */
/*     ch = MCUSR; MCUSR = 0; if (!(ch & _BV(EXTRF))) appStart();            */
/* so it only listens for avrdude after a reset-pin reset. avr_reset()       */
/* clears every I/O register, MCUSR included, so we set EXTRF afterwards.    */
/* Only on resets we cause (power-on here, SIGUSR1): a watchdog reset must   */
/* keep just WDRF (set by libsimavr's watchdog), because that is how         */
/* Optiboot hands over to the freshly flashed sketch after avrdude's 'Q'     */
/* (leave programming mode: 16 ms watchdog). With EXTRF set there too, the   */
/* board would loop in the bootloader forever and the sketch would never run. */
/* Flash is not touched by a reset, so a sketch survives it, as on a chip.   */
/* ------------------------------------------------------------------------ */
static void external_reset(avr_t *avr)
{
	avr_reset(avr);
	avr_regbit_set(avr, avr->reset_flags.extrf);
}

/* libsimavr logs through printf by default; keep stdout for READY only. */
static void stderr_logger(avr_t *avr, const int level, const char *format, va_list ap)
{
	(void)avr;
	if (level <= LOG_WARNING)
		vfprintf(stderr, format, ap);
}

/* ------------------------------------------------------------------------ */
/* TRICK (1): the real bootloader, at the address BOOTRST points to.         */
/*                                                                           */
/* An Uno's fuses (BOOTRST, 256-word boot section) make the CPU start at     */
/* 0x7E00, where Optiboot lives. libsimavr has no fuses: it starts at        */
/* avr->reset_pc, so we load the hex and point reset_pc at its lowest        */
/* address (0x7E00 for Optiboot, 0x7800 for the older ATmegaBOOT_168_        */
/* atmega328.hex, which works too). The rest of flash stays erased (0xFF)    */
/* until avrdude writes a sketch into it via SPM, which libsimavr implements */
/* for the ATmega328P.                                                       */
/*                                                                           */
/* Which Optiboot: NOT Debian's optiboot_atmega328.hex (arduino-core-avr     */
/* 1.8.7). Debian rebuilt it with its gcc-avr 5.4, which makes the code 532  */
/* bytes for a 512-byte boot section: it runs past the end of flash (0x8000- */
/* 0x8013: the end of watchdogConfig() and appStart()), and its .version     */
/* record at 0x7FFE overwrites the instruction of watchdogConfig() that      */
/* arms the watchdog. It cannot work on a real chip either, and here it      */
/* crashes the simulated CPU. build.sh compiles the same optiboot.c with the */
/* same defines (LED_START_FLASHES=3, BAUD_RATE=115200, F_CPU=16 MHz) and a  */
/* few size flags into 500 bytes, next to this binary; that is the default.  */
/* The checks below reject such broken images with a clear message.         */
/* ------------------------------------------------------------------------ */
static int load_bootloader(avr_t *avr, const char *path)
{
	ihex_chunk_p chunks = NULL;
	int count = read_ihex_chunks(path, &chunks);
	if (count <= 0) {
		fprintf(stderr, "simavr-uno: cannot read Intel hex %s\n", path);
		return -1;
	}
	uint32_t flash_size = avr->flashend + 1;
	uint8_t *written = calloc(flash_size, 1);
	uint32_t lowest = UINT32_MAX;
	int ok = written != NULL;
	for (int i = 0; ok && i < count; i++) {
		uint32_t base = chunks[i].baseaddr, size = chunks[i].size;
		if ((uint64_t)base + size > flash_size) {
			fprintf(stderr,
				"simavr-uno: %s: data at 0x%x-0x%x runs past the end of the %u-byte flash "
				"(a bootloader too big for its boot section?)\n",
				path, base, base + size - 1, flash_size);
			ok = 0;
			break;
		}
		for (uint32_t a = base; a < base + size; a++) {
			if (written[a]) {
				fprintf(stderr,
					"simavr-uno: %s: two records write address 0x%x "
					"(code overlapping the .version word: a bootloader too big for its "
					"boot section?)\n",
					path, a);
				ok = 0;
				break;
			}
			written[a] = 1;
		}
		if (!ok)
			break;
		memcpy(avr->flash + base, chunks[i].data, size);
		if (size && base < lowest)
			lowest = base;
	}
	free(written);
	free_ihex_chunks(chunks);
	if (!ok)
		return -1;
	if (lowest == UINT32_MAX) {
		fprintf(stderr, "simavr-uno: %s is empty\n", path);
		return -1;
	}
	avr->reset_pc = lowest;
	avr->codeend = avr->flashend;
	fprintf(stderr, "simavr-uno: bootloader %s at 0x%04x\n", path, lowest);
	return 0;
}

/* <directory of this executable>/optiboot_atmega328.hex */
static const char *default_bootloader(void)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n <= 0)
		return DEFAULT_BOOTLOADER_NAME;
	path[n] = 0;
	char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	if (dir_len + sizeof(DEFAULT_BOOTLOADER_NAME) > sizeof(path))
		return DEFAULT_BOOTLOADER_NAME;
	memcpy(path + dir_len, DEFAULT_BOOTLOADER_NAME, sizeof(DEFAULT_BOOTLOADER_NAME));
	return path;
}

/* ------------------------------------------------------------------------ */
/* TRICK (4): UART0 on a pty, published under a path of the caller's choice. */
/*                                                                           */
/* uart_pty_init() opens the pty (and keeps the slave side open itself, so   */
/* the master never sees EOF/EIO when avrdude closes the port and the next   */
/* client finds the board still there). uart_pty_connect() wires it to       */
/* UART0, but always links it as /tmp/simavr-uart0: one fixed name for every */
/* simulator on the machine. We remove that link (if it is still ours) and   */
/* publish our own, atomically (symlink to a temporary name, then rename),   */
/* so a client never sees a half-made or stale link.                         */
/* ------------------------------------------------------------------------ */
static int link_points_to(const char *link, const char *target)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);
	if (n < 0)
		return 0;
	buf[n] = 0;
	return strcmp(buf, target) == 0;
}

static int publish_link(const char *link, const char *target)
{
	struct stat st;
	if (lstat(link, &st) == 0 && !S_ISLNK(st.st_mode)) {
		fprintf(stderr, "simavr-uno: %s exists and is not a symlink; not replacing it\n", link);
		return -1;
	}
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", link, (long)getpid()) >= (int)sizeof(tmp)) {
		fprintf(stderr, "simavr-uno: link path too long: %s\n", link);
		return -1;
	}
	unlink(tmp);
	if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
		fprintf(stderr, "simavr-uno: cannot create %s -> %s: %s\n", link, target, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* See TRICK (6) in main(). */
static void press_reset_if_opened(int open_watch)
{
	char events[sizeof(struct inotify_event) + NAME_MAX + 1];
	if (open_watch >= 0 && read(open_watch, events, sizeof(events)) > 0) {
		reset_requested = 1;
		fprintf(stderr, "simavr-uno: port opened\n");
	}
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: simavr-uno --pty <link path> [--bootloader <hex>]\n"
		"  A simulated Arduino Uno (ATmega328P, 16 MHz, Optiboot) with UART0 on a pty.\n"
		"  --pty         symlink to create, pointing at the pty (e.g. /tmp/uno/port)\n"
		"  --bootloader  Intel hex to boot from (default: %s)\n"
		"  Prints 'READY <link path>' on stdout once the pty exists.\n"
		"  SIGUSR1 = press RESET (the bootloader then listens for ~1 s).\n"
		"  --reset-on-open: also press it whenever a client opens the port, as\n"
		"  a real Uno's DTR auto-reset does.\n"
		"  SIGTERM/SIGINT = stop and remove the link.\n",
		default_bootloader());
}

int main(int argc, char **argv)
{
	const char *link = NULL;
	const char *bootloader = NULL;
	int reset_on_open = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--pty") && i + 1 < argc) {
			link = argv[++i];
		} else if (!strcmp(argv[i], "--reset-on-open")) {
			reset_on_open = 1;
		} else if (!strcmp(argv[i], "--bootloader") && i + 1 < argc) {
			bootloader = argv[++i];
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "simavr-uno: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (!link || !*link) {
		usage(stderr);
		return 2;
	}

	/* stdout is the READY channel: keep a copy of it, and point fd 1 at
	 * stderr so libsimavr's printf()s (uart_pty prints the pty name, etc.)
	 * can never be mistaken for, or interleaved with, the READY line. */
	int ready_fd = dup(STDOUT_FILENO);
	if (ready_fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		perror("simavr-uno: dup");
		return 1;
	}
	setvbuf(stdout, NULL, _IONBF, 0);

	/* No orphan simulators: if whoever started us dies (a killed test run),
	 * the kernel kills us too (Linux). */
	pid_t parent = getppid();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		return 1;

	/* TRICK (5): SIGUSR1 is the RESET pin. A pty has no DTR line, so the   */
	/* Uno's auto-reset (DTR -> 100 nF -> RESET) cannot happen; the caller   */
	/* signals us right before avrdude connects instead. The handler only    */
	/* sets a flag; the reset itself runs between two instructions, in the   */
	/* main loop, where touching the AVR state is safe.                      */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_reset_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_stop_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	avr_global_logger_set(stderr_logger);
	avr_t *avr = avr_make_mcu_by_name(MCU_NAME);
	if (!avr) {
		fprintf(stderr, "simavr-uno: libsimavr does not know %s\n", MCU_NAME);
		return 1;
	}
	avr_init(avr);
	avr->frequency = F_CPU;
	avr->log = LOG_WARNING;
	if (load_bootloader(avr, bootloader ? bootloader : default_bootloader()) != 0)
		return 1;

	static uart_pty_t uart_pty; /* its thread keeps a pointer: not on the stack of a function that returns */
	uart_pty_init(avr, &uart_pty);
	if (!uart_pty.pty.s) {
		fprintf(stderr, "simavr-uno: could not create a pty\n");
		return 1;
	}
	uart_pty_connect(&uart_pty, '0');
	/* The pty master is blocking, and uart_pty's one thread both writes the
	 * AVR's output to it and reads the host's input from it. While nobody
	 * reads the port, a chatty sketch fills the pty's buffer and that
	 * write() blocks the thread, so bytes the host writes meanwhile
	 * never reach the AVR. (avrdude happens to recover, since opening the
	 * port flushes its input, but a client that writes before it reads
	 * could see a deaf board.) Non-blocking, the excess output is dropped
	 * instead, as a real UART's bytes are when nothing listens. */
	int master_flags = fcntl(uart_pty.pty.s, F_GETFL);
	if (master_flags >= 0)
		fcntl(uart_pty.pty.s, F_SETFL, master_flags | O_NONBLOCK);
	if (link_points_to("/tmp/simavr-uart0", uart_pty.pty.slavename))
		unlink("/tmp/simavr-uart0");

	/* uart_pty_connect() turned off the UART's stdio echo (binary data); also
	 * turn off POLL_SLEEP: with it, libsimavr usleep()s on each poll of
	 * UCSR0A while nothing has been received or sent, so while Optiboot
	 * waits in getch() after a reset, AVR time crawls far behind real time
	 * and its 1 s timeout stretches (measured: it still answered avrdude 3 s
	 * after power-on; without POLL_SLEEP it stops answering after ~1 s, as a
	 * real Uno does). The pacing above keeps the CPU use down instead. */
	uint32_t uart_flags = 0;
	avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &uart_flags);
	uart_flags &= ~AVR_UART_FLAG_POLL_SLEEP;
	avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &uart_flags);

	avr->sleep = paced_sleep;
	/* the run callback in normal operation; libsimavr's watchdog swaps it
	 * for one instruction slot to perform a watchdog reset */
	void (*normal_run)(avr_t *) = avr->run;

	if (publish_link(link, uart_pty.pty.slavename) != 0)
		return 1;

	/* Power-on behaves like a press of RESET: the bootloader listens for
	 * its first second, so a first upload needs no SIGUSR1. */
	external_reset(avr);
	pace_rebase(avr);

	/* TRICK (6), with --reset-on-open: a real Uno resets whenever its port  */
	/* is opened (the host raises DTR, a 100 nF capacitor pulses RESET), so   */
	/* avrdude finds the bootloader and a sketch restarts for each new        */
	/* client. The pty has no DTR, but the kernel reports every open of its   */
	/* slave to inotify: each one presses RESET. Our own slave descriptor was */
	/* opened above, before the watch, so it does not count.                 */
	int open_watch = -1;
	if (reset_on_open) {
		open_watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (open_watch < 0 || inotify_add_watch(open_watch, uart_pty.pty.slavename, IN_OPEN) < 0) {
			perror("simavr-uno: inotify");
			return 1;
		}
	}

	dprintf(ready_fd, "READY %s\n", link);
	close(ready_fd);
	fprintf(stderr, "simavr-uno: %s at %lu Hz, UART0 on %s (linked as %s)\n", MCU_NAME,
		(unsigned long)avr->frequency, uart_pty.pty.slavename, link);

	unsigned long steps = 0;
	while (!stop_requested) {
		if (steps % PACE_EVERY == 0)
			press_reset_if_opened(open_watch);
		/* never in the middle of libsimavr's own (watchdog) reset */
		if (reset_requested && avr->run == normal_run) {
			reset_requested = 0;
			external_reset(avr);
			fprintf(stderr, "simavr-uno: RESET (SIGUSR1)\n");
		}
		int state = avr_run(avr);
		if (state == cpu_Done || state == cpu_Crashed) {
			/* A real chip that halted (sleep with interrupts off, or
			 * garbage code) just sits there until RESET: do the same,
			 * without spinning. */
			struct timespec ts = { 0, 5000000 };
			nanosleep(&ts, NULL);
			press_reset_if_opened(open_watch);
			pace_rebase(avr);
			continue;
		}
		if (++steps % PACE_EVERY == 0)
			pace_to(avr, avr->cycle);
	}

	/* graceful stop: take the link down (only if it is still ours) */
	if (link_points_to(link, uart_pty.pty.slavename))
		unlink(link);
	return 0;
}
