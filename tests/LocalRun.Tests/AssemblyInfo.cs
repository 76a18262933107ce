using System.Runtime.Versioning;

// run.sh, its process groups, /proc and Unix file modes: these tests are about Linux and run nowhere else.
[assembly: SupportedOSPlatform("linux")]
