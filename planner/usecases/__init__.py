"""What the planner does, once, for both front ends: export, import, save, check, draft, edit."""
