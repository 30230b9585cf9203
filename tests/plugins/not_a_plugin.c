/* A shared library that is not a trawl plugin. */
int add(int a, int b) { return a + b; }
