// The program of every <module>_links_alone check (cmake/Module.cmake): it
// does nothing; linking it, with all of one module's objects and only that
// module's declared dependencies, is the check.
int main() { return 0; }
