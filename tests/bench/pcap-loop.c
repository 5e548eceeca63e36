/* pcap-loop: the bare libpcap read loop scripts/bench-flows compares
 * osfp-pcap-flows with: pcap_open_offline + pcap_next_ex, nothing else.
 * Prints the packet count so the work cannot be optimised away. */
#include <pcap/pcap.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned long n = 0, bytes = 0;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pcap-loop file\n");
		return 2;
	}
	if (!(p = pcap_open_offline(argv[1], err))) {
		fprintf(stderr, "pcap-loop: %s\n", err);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
		n++;
		bytes += h->caplen;
	}
	printf("%lu packets %lu bytes\n", n, bytes);
	pcap_close(p);
	return rc == PCAP_ERROR ? 1 : 0;
}
