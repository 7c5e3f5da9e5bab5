/*
 * make bench's measure of what no program can go below: a process with no
 * C library at all, whose one instruction is the exit system call. The
 * floor (a C program that only exits) minus this is the C library's start.
 */
#if defined(__x86_64__)
__attribute__((noreturn)) void _start(void);
void _start(void)
{
	__asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall");
	__builtin_unreachable();
}
#elif defined(__aarch64__)
__attribute__((noreturn)) void _start(void);
void _start(void)
{
	__asm__ volatile("mov x8, #93\n\tmov x0, #0\n\tsvc #0");
	__builtin_unreachable();
}
#else
#error "bare.c: the exit system call is written for x86-64 and aarch64 only"
#endif
