OC.L10N.register(
    "mirror",
    {

},
"nplurals=2; plural=(n != 1);");
