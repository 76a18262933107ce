using System.Runtime.Versioning;

// The deployment is Linux containers only; the tests check owner-only file modes and run the images' shell scripts.
[assembly: SupportedOSPlatform("linux")]
