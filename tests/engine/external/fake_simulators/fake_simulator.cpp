// A stand-in for a user's simulator, for the ExternalProgram tests. It reads one JSON object of
// inputs on stdin and misbehaves as argv[1] asks:
//   sumsq            prints the sum of squares of the inputs as a bare number
//   echo             prints its input back (a JSON object: the output "y" is missing)
//   object           prints {"cost": n, "y": sum of squares}
//   fail-above T     like sumsq, but exits with code 2 (and a message) when the first input > T
//   sleep            sleeps 30 s
//   sleep-child F    starts a child that sleeps 30 s holding stdout, writes its pid to file F,
//                    prints 1.5 and exits
//   sleep-group F    like sleep-child, but then sleeps 30 s itself
//   exit             prints two lines on stderr and exits with code 3
//   crash            aborts
//   text / nan / extra   prints "abc" / "nan" / "0.5" and a log line
//   no-read          prints 2 without reading stdin

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>
#include <unistd.h>

namespace {

std::string readInput()
{
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

/// The numbers after each ':' of a flat JSON object, good enough for our own inputs.
double sumOfSquares(const std::string& input, double* first)
{
    double sum = 0.0;
    bool isFirst = true;
    for (std::size_t pos = input.find(':'); pos != std::string::npos;
         pos = input.find(':', pos + 1)) {
        const double x = std::strtod(input.c_str() + pos + 1, nullptr);
        if (isFirst && first)
            *first = x;
        isFirst = false;
        sum += x * x;
    }
    return sum;
}

void startSleepingChild(const char* pidFile)
{
    const pid_t child = fork();
    if (child == 0) {
        sleep(30);
        _exit(0);
    }
    if (FILE* f = std::fopen(pidFile, "w")) {
        std::fprintf(f, "%d\n", int(child));
        std::fclose(f);
    }
}

} // namespace

int main(int argc, char* argv[])
{
    const std::string mode = argc > 1 ? argv[1] : "sumsq";
    if (mode == "no-read") {
        std::printf("2\n");
        return 0;
    }
    const std::string input = readInput();
    if (mode == "sumsq") {
        std::printf("%.17g\n", sumOfSquares(input, nullptr));
    } else if (mode == "echo") {
        std::printf("%s\n", input.c_str());
    } else if (mode == "object") {
        std::printf("{\"cost\": 7, \"y\": %.17g}\n", sumOfSquares(input, nullptr));
    } else if (mode == "fail-above" && argc > 2) {
        double first = 0.0;
        const double value = sumOfSquares(input, &first);
        if (first > std::atof(argv[2])) {
            std::fprintf(stderr, "input out of range: %g\n", first);
            return 2;
        }
        std::printf("%.17g\n", value);
    } else if (mode == "sleep") {
        sleep(30);
    } else if ((mode == "sleep-child" || mode == "sleep-group") && argc > 2) {
        startSleepingChild(argv[2]);
        std::printf("1.5\n");
        std::fflush(stdout);
        if (mode == "sleep-group")
            sleep(30);
    } else if (mode == "exit") {
        std::fprintf(stderr, "simulation diverged\nat step 12\n");
        return 3;
    } else if (mode == "crash") {
        std::abort();
    } else if (mode == "text") {
        std::printf("abc\n");
    } else if (mode == "nan") {
        std::printf("nan\n");
    } else if (mode == "extra") {
        std::printf("0.5\nstep 1 done\n");
    } else {
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 64;
    }
    return 0;
}
