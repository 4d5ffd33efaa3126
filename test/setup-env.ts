// Node 20 is the supported runtime; the SDK's notice about releases after January 2027 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
