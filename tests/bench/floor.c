/* The process floor of make bench: a C program that only exits. */
int main(void)
{
	return 0;
}
