enum Sandbox {}
